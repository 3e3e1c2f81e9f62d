"""Controllers that draw session state onto the plots: scenario overlays and uncertainty bands."""
