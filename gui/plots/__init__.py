"""Live time plots: the plot grid, one plot's curves, legends, crosshair, scenario and band
overlays."""
