# Empty compiler generated dependencies file for mfbench.
# This may be replaced when dependencies are built.
