# Empty dependencies file for test_thrift.
# This may be replaced when dependencies are built.
