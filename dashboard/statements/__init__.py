"""Monthly statements per client and the yearly hours per volunteer."""
