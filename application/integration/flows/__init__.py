"""The five flows, each a function over a RunContext; the runner decides which run and in what order."""
