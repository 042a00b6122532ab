/*
 * ipsec: the front end users and scripts drive cygnet with. Everything but
 * main() lives in the command files, so the tests can run command lines.
 */
#include "ipsec.h"

int main(int argc, char *argv[])
{
	return ipsec_main(argc, argv);
}
