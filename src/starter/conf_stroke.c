/*
 * Builds the stroke requests starter sends for the sections it loads.
 */
#include "conf_stroke.h"

stroke_msg_t *conf_stroke_add(const conf_section_t *section)
{
	stroke_msg_t *msg;
	int i;

	msg = stroke_msg_create(section->type == CONF_CA ? "add_ca" : "add_conn");
	msg->add(msg, "name", section->name);
	for (i = 0; i < section->count; i++) {
		msg->add(msg, section->kvs[i].key, section->kvs[i].value);
	}
	return msg;
}

stroke_msg_t *conf_stroke_setup(const conf_section_t *setup)
{
	static const char *keys[] = { "strictcrlpolicy", "uniqueids", "cachecrls" };
	stroke_msg_t *msg = stroke_msg_create("setup");
	const char *value;
	size_t i;

	for (i = 0; i < countof(keys); i++) {
		value = setup ? conf_section_get(setup, keys[i]) : NULL;
		msg->add(msg, keys[i], value ? value : "");
	}
	return msg;
}

stroke_msg_t *conf_stroke_del(conf_type_t type, const char *name)
{
	stroke_msg_t *msg;

	msg = stroke_msg_create(type == CONF_CA ? "del_ca" : "del_conn");
	msg->add(msg, "name", name);
	return msg;
}

stroke_msg_t *conf_stroke_route(const char *name)
{
	stroke_msg_t *msg = stroke_msg_create("route");

	msg->add(msg, "name", name);
	return msg;
}

stroke_msg_t *conf_stroke_up_async(const char *name)
{
	stroke_msg_t *msg = stroke_msg_create("up");

	msg->add(msg, "name", name);
	msg->add(msg, "async", "yes");
	return msg;
}
