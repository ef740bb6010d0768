"""DSGVO for one person: export their data, erase them."""
