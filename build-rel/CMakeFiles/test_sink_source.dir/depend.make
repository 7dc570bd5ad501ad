# Empty dependencies file for test_sink_source.
# This may be replaced when dependencies are built.
