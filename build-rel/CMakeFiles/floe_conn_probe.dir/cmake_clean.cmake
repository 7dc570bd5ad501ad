file(REMOVE_RECURSE
  "CMakeFiles/floe_conn_probe.dir/tests/tools/floe_conn_probe.c.o"
  "CMakeFiles/floe_conn_probe.dir/tests/tools/floe_conn_probe.c.o.d"
  "floe_conn_probe"
  "floe_conn_probe.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/floe_conn_probe.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
