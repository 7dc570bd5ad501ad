/*
 * tablecli.c — shared setup of the table subcommands (see tablecli.h):
 * config → storage + catalog, "ns.table" → loaded table, and time parsing and
 * printing for --as-of and history. Prints nothing itself; the subcommands
 * report errors.
 */
#include "cli/tablecli.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/timeutil.h"

int floe_tablecli_open(struct floe_tablecli *tc, const char *config_path, struct floe_err *err)
{
	int rc = -1;

	memset(tc, 0, sizeof(*tc));
	if (!config_path)
		return floe_err_set(err, "no config file given; pass -c FILE");
	/* these commands never connect to the source: its section may be absent */
	if (floe_config_load_opts(config_path, &tc->cfg, FLOE_CONFIG_NO_SOURCE, err) < 0)
		return -1;
	if (tc->cfg.catalog.type && strcmp(tc->cfg.catalog.type, "sql") != 0) {
		floe_err_set(err, "catalog.type '%s' is not supported by this build; use 'sql'", tc->cfg.catalog.type);
		goto out;
	}
	/* an SQLite catalog appears with floe run's first table; reading commands never create it */
	if (tc->cfg.catalog.uri && !floe_catalog_is_postgres_uri(tc->cfg.catalog.uri) &&
	    access(tc->cfg.catalog.uri, F_OK) != 0) {
		floe_err_setc(err, FLOE_CATALOG_ENOTFOUND, "no catalog yet: '%s' does not exist (floe run creates it "
			      "with the first table; check warehouse.location and catalog.uri if it should be there)",
			      tc->cfg.catalog.uri);
		goto out;
	}
	if (floe_storage_open(tc->cfg.warehouse.location, &tc->st, err) < 0) {
		floe_err_prefix(err, "warehouse.location: ");
		goto out;
	}
	if (floe_catalog_open(tc->cfg.catalog.uri, tc->cfg.catalog.name, &tc->cat, err) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0)
		floe_tablecli_close(tc);
	return rc;
}

void floe_tablecli_close(struct floe_tablecli *tc)
{
	floe_catalog_close(tc->cat);
	floe_storage_free(tc->st);
	floe_config_free(&tc->cfg);
	memset(tc, 0, sizeof(*tc));
}

int floe_tablecli_load(struct floe_tablecli *tc, const char *name, struct floe_table **out, struct floe_err *err)
{
	char *ns = NULL, *tn = NULL;
	int rc;

	if (!strchr(name, '.') && tc->cfg.catalog.namespace_) {
		ns = strdup(tc->cfg.catalog.namespace_);
		tn = strdup(name);
		if (!ns || !tn) {
			free(ns);
			free(tn);
			return floe_err_set(err, "out of memory");
		}
	} else if (floe_table_split_name(name, &ns, &tn, err) < 0) {
		return -1;
	}
	rc = floe_table_load(tc->cat, tc->st, ns, tn, out, err);
	free(ns);
	free(tn);
	return rc;
}

static int digits(const char **p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)**p))
			return -1;
		*v = *v * 10 + (**p - '0');
		(*p)++;
	}
	return 0;
}

int floe_parse_time_ms(const char *s, int64_t *ms, struct floe_err *err)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, se = 0, frac_ms = 0, sign, oh, om;
	int64_t off = 0;

	if (*s && strspn(s, "0123456789") == strlen(s)) {
		*ms = strtoll(s, NULL, 10);
		return 0;
	}
	if (digits(&p, 4, &y) < 0 || *p++ != '-' || digits(&p, 2, &mo) < 0 || *p++ != '-' || digits(&p, 2, &d) < 0)
		goto out;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) < 0 || *p++ != ':' || digits(&p, 2, &mi) < 0)
			goto out;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &se) < 0)
				goto out;
			if (*p == '.') {
				int scale = 100;
				p++;
				if (!isdigit((unsigned char)*p))
					goto out;
				while (isdigit((unsigned char)*p)) {
					frac_ms += (*p - '0') * scale;
					scale /= 10;
					p++;
				}
			}
		}
	}
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (digits(&p, 2, &oh) < 0)
			goto out;
		if (*p == ':')
			p++;
		if (digits(&p, 2, &om) < 0)
			goto out;
		off = sign * ((int64_t)oh * 60 + om) * 60000;
	}
	if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		goto out;
	*ms = (floe_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se) * 1000 + frac_ms - off;
	return 0;
out:
	return floe_err_set(err, "time '%s' is not milliseconds since 1970 or an ISO 8601 time like 2026-11-24T09:00:00Z",
			    s);
}

void floe_format_time_ms(int64_t ms, char *out, size_t outsz)
{
	int64_t days = ms / 86400000, rem = ms % 86400000, y;
	int m, d;

	if (rem < 0) {
		rem += 86400000;
		days--;
	}
	floe_civil_from_days(days, &y, &m, &d);
	snprintf(out, outsz, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ", (long long)y, m, d, (int)(rem / 3600000),
		 (int)(rem / 60000 % 60), (int)(rem / 1000 % 60), (int)(rem % 1000));
}
