#pragma once

#include <QColor>

// The one set of outcome colours, by HTTP status: the board, the outcome banner, the
// inspector's attempts, the Simulation tab's lanes and its timeline all paint with it, so a
// 404 is the same colour wherever it is shown. Green 200, red 409, purple 404, orange
// 400/403, blue grey anything else (0: no answer, 5xx). Text is white on the strong colours
// and black on orange; every pair passes WCAG AA (tst_dispatcherboard). Colour is never the
// only signal: every place that paints also writes the outcome in words.
namespace OutcomePalette {

QColor background(int httpStatus);
QColor text(int httpStatus);

// A hold (not a claim) on the Simulation timeline: blue, so it is not read as a win.
QColor hold();

} // namespace OutcomePalette
