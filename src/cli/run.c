/*
 * run.c — `floe run -c FILE [--once] [--snapshot-workers N]`: mirrors the
 * publication into Iceberg tables (sink/pipeline.h does the work). Without
 * --once it runs until SIGTERM or SIGINT, then commits what it holds and
 * exits 0; with --once it catches up to the WAL position at start, commits
 * and exits 0 (cron jobs, Kubernetes Jobs). Errors: one line on stderr, exit 1.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/config_opt.h"
#include "core/log.h"
#include "sink/pipeline.h"

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

#define USAGE                                                                                                  \
	"-c FILE [--once] [--snapshot-workers N]\n"                                                              \
	"  -c, --config FILE       the floe configuration\n"                                                     \
	"  --once                  copy what needs copying, stream up to the WAL position at start, commit,\n"  \
	"                          exit (default: keep streaming until SIGTERM or SIGINT)\n"                     \
	"  --snapshot-workers N    parallel COPY connections for initial snapshots, 1 to 64 (default: the\n"     \
	"                          number of CPUs, 2 to 4)\n"                                                     \
	"  -h, --help              this help"

int floe_cli_run(int argc, char **argv)
{
	struct floe_config cfg;
	struct floe_pipeline_opts o;
	struct floe_pipeline_stats st;
	struct floe_err err = { 0 };
	struct sigaction sa;
	const char *path;
	char **args;
	int nargs = 0, rc;
	bool once = false;
	struct floe_cli_flag flags[] = { { "--once", &once }, { NULL, NULL } };

	memset(&o, 0, sizeof(o));
	/* --snapshot-workers N is taken out before the common parser sees the rest */
	args = calloc((size_t)argc + 1, sizeof(*args));
	if (!args)
		return 1;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--snapshot-workers") || !strncmp(a, "--snapshot-workers=", 19)) {
			const char *v = a[18] == '=' ? a + 19 : (i + 1 < argc ? argv[++i] : NULL);
			char *end = NULL;
			long n = v ? strtol(v, &end, 10) : 0;
			if (!v || !*v || *end || n < 1 || n > 64) {
				fprintf(stderr, "floe run: --snapshot-workers needs a number from 1 to 64, got '%s'\n",
					v ? v : "");
				free(args);
				return 2;
			}
			o.snapshot_workers = (int)n;
			continue;
		}
		args[nargs++] = argv[i];
	}
	rc = floe_cli_parse_config_args(nargs, args, USAGE, flags, &path);
	free(args);
	if (rc)
		return rc == 1 ? 0 : 2;
	if (floe_cli_load_config("run", path, &cfg) != 0)
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	o.once = once;
	o.stop = &stop_flag;
	o.progress_tty = isatty(STDERR_FILENO) && floe_log_get_level() < FLOE_LOG_DEBUG;
	rc = floe_pipeline_run(&cfg, &o, &st, &err);
	if (rc != 0) {
		fprintf(stderr, "floe run: %s\n", err.msg);
	} else {
		char nulled[96] = "";
		if (st.nulled)
			snprintf(nulled, sizeof(nulled), "%llu value%s stored as NULL by the types.* 'null' policy",
				 (unsigned long long)st.nulled, st.nulled == 1 ? "" : "s");
		floe_log_info("%s: %llu snapshot rows, %llu transactions, %llu changes (%llu skipped as already "
			      "committed), %llu Iceberg commits, toast lookups: %llu%s%s",
			      stop_flag ? "stopped" : "done", (unsigned long long)st.snapshot_rows,
			      (unsigned long long)st.txns, (unsigned long long)st.changes, (unsigned long long)st.skipped,
			      (unsigned long long)st.commits, (unsigned long long)st.toast_lookups, st.nulled ? ", " : "",
			      nulled);
	}
	floe_config_free(&cfg);
	return rc ? 1 : 0;
}
