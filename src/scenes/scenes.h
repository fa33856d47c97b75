/* The scene table: each screen's file defines one of these. */
#ifndef KIOSK_SCENES_H
#define KIOSK_SCENES_H

#include "app.h"

extern const struct scene scene_attract;
extern const struct scene scene_home;
extern const struct scene scene_roles;
extern const struct scene scene_role;
extern const struct scene scene_quiz;
extern const struct scene scene_quiz_result;
extern const struct scene scene_form;
extern const struct scene scene_thanks;
extern const struct scene scene_courses;
extern const struct scene scene_course;
extern const struct scene scene_staff;

#endif
