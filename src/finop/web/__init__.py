"""``finop serve``: the review UI over a batch database, and uploads to check."""
