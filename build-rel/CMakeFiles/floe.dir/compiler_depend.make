# Empty compiler generated dependencies file for floe.
# This may be replaced when dependencies are built.
