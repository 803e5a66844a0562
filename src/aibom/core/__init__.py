"""The core: types every stage takes and returns, and the small services all stages share."""
