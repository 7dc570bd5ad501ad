/*
 * cli.h — the subcommands of the floe binary, one file each in src/cli/.
 * Each takes the arguments after its own name (argv[0] is the subcommand)
 * and returns the process exit code: 0 ok, 1 failed check or error, 2 usage.
 */
#ifndef FLOE_CLI_H
#define FLOE_CLI_H

int floe_cli_check(int argc, char **argv);
int floe_cli_setup(int argc, char **argv);
int floe_cli_teardown(int argc, char **argv);
int floe_cli_tail(int argc, char **argv);
int floe_cli_run(int argc, char **argv);
int floe_cli_scan(int argc, char **argv);
int floe_cli_history(int argc, char **argv);
int floe_cli_tables(int argc, char **argv);
int floe_cli_parquet_dump(int argc, char **argv);

#endif
