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
	const char *path = NULL;
	int rc;
	bool once = false;

	memset(&o, 0, sizeof(o));
	{
		const char *workers = NULL;
		const struct floe_cli_opt opts[] = {
			{ "--config", 'c', "a file name", NULL, &path },
			{ "--once", 0, NULL, &once, NULL },
			{ "--snapshot-workers", 0, "a number from 1 to 64", NULL, &workers },
			{ NULL, 0, NULL, NULL, NULL },
		};
		struct floe_cli_args a = { USAGE, opts, NULL, 0, 0 };
		if ((rc = floe_cli_parse(argc, argv, &a)) != 0)
			return rc == 1 ? 0 : 2;
		if (workers) {
			char *end = NULL;
			long n = strtol(workers, &end, 10);
			if (!*workers || *end || n < 1 || n > 64) {
				fprintf(stderr, "floe run: --snapshot-workers needs a number from 1 to 64, got '%s'\n", workers);
				return 2;
			}
			o.snapshot_workers = (int)n;
		}
		if (!path || !*path)
			return floe_cli_usage_error("run", USAGE, "no configuration file given");
	}
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
