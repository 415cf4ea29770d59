/* See jesture_uinput.h. Device setup follows the kernel's Documentation/input/uinput.rst. */
#define _GNU_SOURCE
#include "jesture_uinput.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/uinput.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define JUI_LAST_KEY 255

struct jui_device {
    int fd;
    /* Which key/button codes are down, so close and release_all can let them go. */
    uint8_t down[(KEY_MAX + 8) / 8];
};

void jui_layout(int32_t out[5]) {
    out[0] = (int32_t) sizeof(struct input_event);
    out[1] = (int32_t) offsetof(struct input_event, time);
    out[2] = (int32_t) offsetof(struct input_event, type);
    out[3] = (int32_t) offsetof(struct input_event, code);
    out[4] = (int32_t) offsetof(struct input_event, value);
}

int32_t jui_encode(uint8_t *buf, size_t cap, uint16_t type, uint16_t code, int32_t value) {
    struct input_event ev[2];
    if (cap < sizeof ev) return -ENOSPC;
    memset(ev, 0, sizeof ev);
    ev[0].type = type;
    ev[0].code = code;
    ev[0].value = value;
    /* Without a SYN_REPORT, readers (libinput, X) keep the event pending as part of a frame. */
    ev[1].type = EV_SYN;
    ev[1].code = SYN_REPORT;
    ev[1].value = 0;
    memcpy(buf, ev, sizeof ev);
    return (int32_t) sizeof ev;
}

int32_t jui_encode_abs(uint8_t *buf, size_t cap, int32_t x, int32_t y) {
    struct input_event ev[3];
    if (cap < sizeof ev) return -ENOSPC;
    memset(ev, 0, sizeof ev);
    ev[0].type = EV_ABS;
    ev[0].code = ABS_X;
    ev[0].value = x;
    ev[1].type = EV_ABS;
    ev[1].code = ABS_Y;
    ev[1].value = y;
    ev[2].type = EV_SYN;
    ev[2].code = SYN_REPORT;
    memcpy(buf, ev, sizeof ev);
    return (int32_t) sizeof ev;
}

static int32_t write_all(int fd, const uint8_t *buf, size_t len) {
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, buf + done, len - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -errno;
        }
        done += (size_t) n;
    }
    return (int32_t) done;
}

static int32_t emit(jui_device *dev, uint16_t type, uint16_t code, int32_t value) {
    uint8_t buf[2 * sizeof(struct input_event)];
    int32_t n = jui_encode(buf, sizeof buf, type, code, value);
    if (n < 0) return n;
    return write_all(dev->fd, buf, (size_t) n);
}

static int set_bit(int fd, unsigned long request, int bit) {
    return ioctl(fd, request, bit) < 0 ? -errno : 0;
}

/*
 * Names the device, creates it and wraps fd; both device kinds end this way. The event bits must
 * already be set. On failure fd is closed and *err gets -errno.
 */
static jui_device *create_device(int fd, uint16_t product, const char *name, int32_t *err) {
    int e;
    struct uinput_setup setup;
    memset(&setup, 0, sizeof setup);
    setup.id.bustype = BUS_VIRTUAL;
    setup.id.vendor = 0x4a53;  /* "JS" */
    setup.id.product = product;
    setup.id.version = 1;
    strncpy(setup.name, name, UINPUT_MAX_NAME_SIZE - 1);
    if (ioctl(fd, UI_DEV_SETUP, &setup) < 0 || ioctl(fd, UI_DEV_CREATE) < 0) {
        e = -errno;
        goto fail;
    }
    jui_device *dev = calloc(1, sizeof *dev);
    if (!dev) {
        ioctl(fd, UI_DEV_DESTROY);
        e = -ENOMEM;
        goto fail;
    }
    dev->fd = fd;
    return dev;

fail:
    close(fd);
    if (err) *err = e;
    return NULL;
}

jui_device *jui_open(const char *path, const char *name, int32_t *err) {
    int e = 0;
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (err) *err = -errno;
        return NULL;
    }
    if ((e = set_bit(fd, UI_SET_EVBIT, EV_KEY)) || (e = set_bit(fd, UI_SET_EVBIT, EV_REL))
        || (e = set_bit(fd, UI_SET_EVBIT, EV_SYN))) goto fail;
    for (int k = KEY_ESC; k <= JUI_LAST_KEY; k++) {
        if ((e = set_bit(fd, UI_SET_KEYBIT, k))) goto fail;
    }
    /* Keys above 255 that the Java key table names (io.jesture.daemon.Keys). */
    static const int extra_keys[] = {KEY_ZOOMIN, KEY_ZOOMOUT};
    for (size_t i = 0; i < sizeof extra_keys / sizeof extra_keys[0]; i++) {
        if ((e = set_bit(fd, UI_SET_KEYBIT, extra_keys[i]))) goto fail;
    }
    for (int b = BTN_LEFT; b <= BTN_EXTRA; b++) {
        if ((e = set_bit(fd, UI_SET_KEYBIT, b))) goto fail;
    }
    if ((e = set_bit(fd, UI_SET_RELBIT, REL_X)) || (e = set_bit(fd, UI_SET_RELBIT, REL_Y))
        || (e = set_bit(fd, UI_SET_RELBIT, REL_WHEEL)) || (e = set_bit(fd, UI_SET_RELBIT, REL_HWHEEL))) goto fail;

    return create_device(fd, 0x0001, name ? name : "jesture virtual input", err);

fail:
    close(fd);
    if (err) *err = e;
    return NULL;
}

jui_device *jui_open_abs(const char *path, const char *name, int32_t max_x, int32_t max_y, int32_t *err) {
    int e = 0;
    if (max_x < 1 || max_y < 1) {
        if (err) *err = -EINVAL;
        return NULL;
    }
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (err) *err = -errno;
        return NULL;
    }
    if ((e = set_bit(fd, UI_SET_EVBIT, EV_KEY)) || (e = set_bit(fd, UI_SET_EVBIT, EV_ABS))
        || (e = set_bit(fd, UI_SET_EVBIT, EV_SYN))) goto fail;
    for (int b = BTN_LEFT; b <= BTN_MIDDLE; b++) {
        if ((e = set_bit(fd, UI_SET_KEYBIT, b))) goto fail;
    }
    if ((e = set_bit(fd, UI_SET_ABSBIT, ABS_X)) || (e = set_bit(fd, UI_SET_ABSBIT, ABS_Y))) goto fail;
    struct uinput_abs_setup abs;
    memset(&abs, 0, sizeof abs);
    abs.code = ABS_X;
    abs.absinfo.maximum = max_x;
    if (ioctl(fd, UI_ABS_SETUP, &abs) < 0) { e = -errno; goto fail; }
    abs.code = ABS_Y;
    abs.absinfo.maximum = max_y;
    if (ioctl(fd, UI_ABS_SETUP, &abs) < 0) { e = -errno; goto fail; }

    return create_device(fd, 0x0002, name ? name : "jesture virtual pointer", err);

fail:
    close(fd);
    if (err) *err = e;
    return NULL;
}

int32_t jui_abs(jui_device *dev, int32_t x, int32_t y) {
    if (!dev) return -EINVAL;
    uint8_t buf[3 * sizeof(struct input_event)];
    int32_t n = jui_encode_abs(buf, sizeof buf, x, y);
    if (n < 0) return n;
    return write_all(dev->fd, buf, (size_t) n);
}

int32_t jui_key(jui_device *dev, uint16_t code, int32_t value) {
    if (!dev || code > KEY_MAX) return -EINVAL;
    int32_t n = emit(dev, EV_KEY, code, value ? 1 : 0);
    if (n >= 0) {
        if (value) dev->down[code / 8] |= (uint8_t) (1u << (code % 8));
        else dev->down[code / 8] &= (uint8_t) ~(1u << (code % 8));
    }
    return n;
}

int32_t jui_rel(jui_device *dev, uint16_t axis, int32_t delta) {
    if (!dev) return -EINVAL;
    return emit(dev, EV_REL, axis, delta);
}

int32_t jui_release_all(jui_device *dev) {
    if (!dev) return -EINVAL;
    int32_t first_error = 0;
    for (int code = KEY_MAX; code >= 0; code--) {
        if (dev->down[code / 8] & (1u << (code % 8))) {
            int32_t n = jui_key(dev, (uint16_t) code, 0);
            if (n < 0 && first_error == 0) first_error = n;
        }
    }
    return first_error;
}

void jui_close(jui_device *dev) {
    if (!dev) return;
    jui_release_all(dev);
    ioctl(dev->fd, UI_DEV_DESTROY);
    close(dev->fd);
    free(dev);
}

const char *jui_strerror(int32_t err) {
    return strerror(err < 0 ? -err : err);
}
