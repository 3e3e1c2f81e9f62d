"""Windfall's desktop app: PySide6 + pyqtgraph windows over the headless core."""
