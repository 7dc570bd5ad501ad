# Empty compiler generated dependencies file for fuzz_copybin.
# This may be replaced when dependencies are built.
