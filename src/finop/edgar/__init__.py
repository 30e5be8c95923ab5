"""EDGAR: find and fetch X-17A-5 filings at the source, by the SEC's access rules."""
