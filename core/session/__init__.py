"""The live session, headless: evented state, undoable commands, the newest-wins worker,
workspaces and autosave."""
