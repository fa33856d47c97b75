/*
 * content_cmd: `carekiosk-receiver content keygen|publish|show` (the
 * office's signed content bundles, src/content/pack.h).
 */
#ifndef RECEIVER_CONTENT_CMD_H
#define RECEIVER_CONTENT_CMD_H

/* argv[0] is "content". Returns the exit status. */
int content_cmd(int argc, char **argv);

#endif
