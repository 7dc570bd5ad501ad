# Empty compiler generated dependencies file for test_sink_batch.
# This may be replaced when dependencies are built.
