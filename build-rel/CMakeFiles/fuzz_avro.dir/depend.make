# Empty dependencies file for fuzz_avro.
# This may be replaced when dependencies are built.
