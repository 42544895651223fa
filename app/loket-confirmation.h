#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

G_END_DECLS
