# Empty dependencies file for floe_conn_probe.
# This may be replaced when dependencies are built.
