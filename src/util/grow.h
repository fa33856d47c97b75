/*
 * grow.h: the one way an array that only grows gets room for one more.
 *
 *	if (!grow(&l->v, &l->cap, l->n, 16))
 *		return -1;
 *	l->v[l->n++] = item;
 *
 * The array doubles (first to `first` slots) when n has reached *cap; on
 * failure, out of memory or a size that would overflow, it and *cap are
 * left as they were, so the caller still owns and frees what it had.
 */
#ifndef UTIL_GROW_H
#define UTIL_GROW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline bool grow_bytes(void *vp, size_t *cap, size_t n, size_t elem, size_t first)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : first;
	if (ncap < *cap || ncap > SIZE_MAX / elem)
		return false;
	void *old;
	memcpy(&old, vp, sizeof old);
	void *p = realloc(old, ncap * elem);
	if (!p)
		return false;
	memcpy(vp, &p, sizeof p);
	*cap = ncap;
	return true;
}

/* pv: the address of the array's pointer (T **); room for v[n] afterwards. */
#define grow(pv, cap, n, first) grow_bytes((pv), (cap), (n), sizeof **(pv), (first))

#endif
