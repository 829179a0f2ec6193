#include "common/outcomepalette.h"

namespace OutcomePalette {

QColor background(int httpStatus)
{
    switch (httpStatus) {
    case 200:
        return QColor(0x1b, 0x5e, 0x20); // green 900
    case 409:
        return QColor(0xb7, 0x1c, 0x1c); // red 900
    case 404:
        return QColor(0x4a, 0x14, 0x8c); // purple 900
    case 400:
    case 403:
        return QColor(0xff, 0xb7, 0x4d); // orange 300
    default:
        return QColor(0x37, 0x47, 0x4f); // blue grey 800
    }
}

QColor text(int httpStatus)
{
    return (httpStatus == 400 || httpStatus == 403) ? QColor(Qt::black) : QColor(Qt::white);
}

QColor hold()
{
    return QColor(0x3b, 0x82, 0xf6); // blue 500
}

} // namespace OutcomePalette
