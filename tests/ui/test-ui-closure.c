/* test-ui-closure.c — (being written) */
int
main (void)
{
  return 0;
}
