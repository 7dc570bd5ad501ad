# Empty compiler generated dependencies file for stream_batcher.
# This may be replaced when dependencies are built.
