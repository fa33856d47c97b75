/*
 * net_content_pack DIR KEYFILE VERSION OUT: packs and signs DIR with the
 * office key WITHOUT the content checks `carekiosk-receiver content
 * publish` runs, as a careless or hostile publisher could, so the tests
 * can show that a kiosk still refuses content that fails its checks.
 * Test-only.
 */
#include "content/pack.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: net_content_pack DIR KEYFILE VERSION OUT\n");
		return 2;
	}
	unsigned char sk[PACK_SK_BYTES], pk[PACK_PK_BYTES], *buf = NULL;
	size_t len = 0;
	char why[PACK_WHY_LEN] = "";
	if (pack_key_load(argv[2], sk, pk, why, sizeof why) ||
	    pack_build(argv[1], atol(argv[3]), time(NULL), sk, &buf, &len, why, sizeof why) ||
	    pack_write_atomic(argv[4], buf, len, 0644)) {
		fprintf(stderr, "net_content_pack: %s\n", why[0] ? why : "cannot write");
		return 1;
	}
	sodium_memzero(sk, sizeof sk);
	free(buf);
	return 0;
}
