#include "cli/cli.h"

int main(int argc, char** argv) { return sijil::cli::RunSijil(argc, argv); }
