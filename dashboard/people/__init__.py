"""People: clients and volunteers; registering, editing, volunteer status, CSV import."""
