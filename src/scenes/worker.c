/*
 * worker: a screen's hand-off to a job on its own thread (worker.h).
 */
#include "scenes/worker.h"

int worker_init(struct worker *w, struct pf *pf, void (*free_job)(struct worker *w))
{
	if (pthread_mutex_init(&w->lock, NULL))
		return -1;
	atomic_init(&w->refs, 2);
	atomic_init(&w->done, false);
	w->pf = pf;
	w->free_job = free_job;
	return 0;
}

void worker_release(struct worker *w)
{
	if (atomic_fetch_sub(&w->refs, 1) == 1) {
		pthread_mutex_destroy(&w->lock);
		w->free_job(w);
	}
}

void worker_finish(struct worker *w)
{
	atomic_store(&w->done, true);
	pthread_mutex_lock(&w->lock);
	if (w->pf)
		app_wake(w->pf);
	pthread_mutex_unlock(&w->lock);
	worker_release(w);
}

bool worker_done(struct worker *w)
{
	return atomic_load(&w->done);
}

void worker_tick(struct app *app, struct ui *ui)
{
	ui_request_tick(ui, ui->now + (app_headless(app) ? 100 : 1000));
}

void worker_drop(struct worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->pf = NULL;	/* a job still running will not wake a gone screen */
	pthread_mutex_unlock(&w->lock);
	worker_release(w);
}
