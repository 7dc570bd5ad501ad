# Empty dependencies file for test_avro.
# This may be replaced when dependencies are built.
