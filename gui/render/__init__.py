"""Print-quality charts and briefing packs (PNG, SVG, PDF, PPTX), headless or in the app."""
