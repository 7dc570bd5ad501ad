# Empty compiler generated dependencies file for icebench.
# This may be replaced when dependencies are built.
