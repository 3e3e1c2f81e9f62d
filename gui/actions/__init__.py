"""Menu actions that read and write files: models, scenarios, workspaces, exports."""
