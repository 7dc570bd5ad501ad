# Empty compiler generated dependencies file for fuzz_pgvalue.
# This may be replaced when dependencies are built.
