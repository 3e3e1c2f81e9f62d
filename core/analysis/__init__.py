"""What analysts do with runs: scenarios and their matching, comparisons, sweeps and
uncertainty bands, goal seek and optimisation, calibration to data, policy maps, global
sensitivity, analysis reports, data exports and benchmarks."""
