# Empty compiler generated dependencies file for fuzz_stream.
# This may be replaced when dependencies are built.
