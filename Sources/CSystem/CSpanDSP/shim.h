#include <stdint.h>
#include <tiffio.h>
#include <spandsp.h>
