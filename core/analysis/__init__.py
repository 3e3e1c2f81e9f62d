"""What analysts do with runs: scenarios and their matching, comparisons, sweeps and
uncertainty bands, data exports and benchmarks."""
