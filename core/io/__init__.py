"""Files on disk: bounded reading of what users hand us, atomic writing of what we save."""
