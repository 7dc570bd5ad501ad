# Empty dependencies file for fuzz_pgoutput.
# This may be replaced when dependencies are built.
