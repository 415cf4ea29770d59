/*
 * jesture_uinput: a virtual keyboard and mouse through the Linux uinput module.
 *
 * Works on X11, Wayland and the text console alike, because the events enter the kernel's input
 * layer like a real USB keyboard's. Bound from Java with JNA (io.jesture.daemon.UinputBackend).
 *
 * Every function returns 0 or a byte count on success and -errno on failure; jui_strerror() turns
 * that into text. A device remembers which keys and buttons it holds down, and jui_close() releases
 * them before destroying the device, so a closing daemon never leaves a key stuck (the kernel also
 * releases keys of a destroyed device, but we do not rely on it).
 */
#ifndef JESTURE_UINPUT_H
#define JESTURE_UINPUT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jui_device jui_device;

/* The size of struct input_event on this platform, and the byte offsets of its fields: time, type,
 * code, value. Written to out[0..4]. Lets tests check the layout the encoder uses. */
void jui_layout(int32_t out[5]);

/* Encodes one event followed by EV_SYN/SYN_REPORT into buf (two struct input_event, time zero: the
 * kernel stamps events itself). Returns the bytes written, or -ENOSPC if cap is too small. This is
 * exactly what jui_emit() writes to the device. */
int32_t jui_encode(uint8_t *buf, size_t cap, uint16_t type, uint16_t code, int32_t value);

/* Opens path (normally "/dev/uinput") and creates a device named name with every key code from
 * KEY_ESC up to 255 plus KEY_ZOOMIN and KEY_ZOOMOUT, the left/right/middle/side/extra buttons, and REL_X, REL_Y, REL_WHEEL and
 * REL_HWHEEL. On failure returns NULL and stores -errno in *err. */
jui_device *jui_open(const char *path, const char *name, int32_t *err);

/* Encodes an absolute pointer position: ABS_X, ABS_Y and one SYN_REPORT (three struct input_event,
 * one frame, so the pointer jumps without passing through (x, old y)). Returns the bytes written,
 * or -ENOSPC. This is what jui_abs() writes. */
int32_t jui_encode_abs(uint8_t *buf, size_t cap, int32_t x, int32_t y);

/* Creates an absolute pointing device (like a VM's USB tablet): ABS_X in 0..max_x, ABS_Y in
 * 0..max_y, plus the left/right/middle buttons so that udev and libinput classify it as a pointer.
 * The desktop maps its range onto the whole screen. NULL and *err = -errno on failure. */
jui_device *jui_open_abs(const char *path, const char *name, int32_t max_x, int32_t max_y, int32_t *err);

/* Moves an absolute device's pointer to (x, y). */
int32_t jui_abs(jui_device *dev, int32_t x, int32_t y);

/* A key or button press (value 1) or release (value 0), followed by SYN_REPORT. */
int32_t jui_key(jui_device *dev, uint16_t code, int32_t value);

/* A relative axis motion (REL_X, REL_Y, REL_WHEEL, REL_HWHEEL), followed by SYN_REPORT. */
int32_t jui_rel(jui_device *dev, uint16_t axis, int32_t delta);

/* Releases every key and button this device holds down. */
int32_t jui_release_all(jui_device *dev);

/* Releases everything, destroys the device (UI_DEV_DESTROY) and closes it. NULL is ignored. */
void jui_close(jui_device *dev);

/* strerror() for a negative return value. */
const char *jui_strerror(int32_t err);

#ifdef __cplusplus
}
#endif
#endif
