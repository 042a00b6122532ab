/*
 * Writes a parsed config back as ipsec.conf, flattened: no also=, no
 * %default, every value quoted. Parsing the output gives the same
 * sections; starter keeps such a copy of what it loaded.
 */
#include <stdio.h>

#include "conf.h"

static void write_value(FILE *out, const char *value)
{
	fputc('"', out);
	for (; *value; value++) {
		switch (*value) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		default:
			fputc(*value, out);
			break;
		}
	}
	fputs("\"\n", out);
}

static void write_section(FILE *out, const char *header,
			  const conf_section_t *section)
{
	int i;

	fprintf(out, "\n%s %s\n", header, section->name);
	for (i = 0; i < section->count; i++) {
		fprintf(out, "\t%s=", section->kvs[i].key);
		write_value(out, section->kvs[i].value);
	}
}

bool config_write(config_t *config, FILE *out)
{
	const conf_section_t *section;
	const char *file = config->get_file(config);
	enumerator_t *enumerator;

	/* a control character in the name must not end the comment */
	fputs("# ", out);
	for (; *file; file++) {
		fputc((unsigned char)*file < 0x20 ? '?' : *file, out);
	}
	fputs(", flattened\n", out);
	write_section(out, "config", config->get_setup(config));
	enumerator = config->create_conn_enumerator(config);
	while (enumerator->enumerate(enumerator, &section)) {
		write_section(out, "conn", section);
	}
	enumerator->destroy(enumerator);
	enumerator = config->create_ca_enumerator(config);
	while (enumerator->enumerate(enumerator, &section)) {
		write_section(out, "ca", section);
	}
	enumerator->destroy(enumerator);
	return fflush(out) == 0 && !ferror(out);
}
