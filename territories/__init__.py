"""The French administrative referential (régions, départements, EPCI, communes) and territories."""
