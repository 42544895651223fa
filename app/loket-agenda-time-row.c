/* loket-agenda-time-row.c — a row of the day grid: a time and an appointment per column. */
#include "config.h"

#include "loket-agenda-time-row.h"

struct _LoketAgendaTimeRow {
  GObject    parent_instance;

  gint64     start;
  gboolean   first;
  GPtrArray *cells;  /* LoketRecord or NULL, one per column */
};

G_DEFINE_FINAL_TYPE (LoketAgendaTimeRow, loket_agenda_time_row, G_TYPE_OBJECT)

static void
loket_agenda_time_row_finalize (GObject *object)
{
  LoketAgendaTimeRow *self = LOKET_AGENDA_TIME_ROW (object);

  g_ptr_array_unref (self->cells);

  G_OBJECT_CLASS (loket_agenda_time_row_parent_class)->finalize (object);
}

static void
loket_agenda_time_row_class_init (LoketAgendaTimeRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = loket_agenda_time_row_finalize;
}

static void
loket_agenda_time_row_init (LoketAgendaTimeRow *self)
{
}

static void
unref_cell (gpointer record)
{
  if (record != NULL)
    g_object_unref (record);
}

LoketAgendaTimeRow *
loket_agenda_time_row_new (gint64 start, guint n_columns, gboolean first_of_time)
{
  LoketAgendaTimeRow *self = g_object_new (LOKET_TYPE_AGENDA_TIME_ROW, NULL);

  self->start = start;
  self->first = first_of_time;
  self->cells = g_ptr_array_new_full (n_columns, unref_cell);
  g_ptr_array_set_size (self->cells, n_columns);
  return self;
}

gint64
loket_agenda_time_row_get_start (LoketAgendaTimeRow *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_TIME_ROW (self), 0);

  return self->start;
}

gboolean
loket_agenda_time_row_is_first (LoketAgendaTimeRow *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_TIME_ROW (self), FALSE);

  return self->first;
}

guint
loket_agenda_time_row_get_n_columns (LoketAgendaTimeRow *self)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_TIME_ROW (self), 0);

  return self->cells->len;
}

LoketRecord *
loket_agenda_time_row_get (LoketAgendaTimeRow *self, guint column)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_TIME_ROW (self), NULL);

  return column < self->cells->len ? g_ptr_array_index (self->cells, column) : NULL;
}

gboolean
loket_agenda_time_row_put (LoketAgendaTimeRow *self, guint column, LoketRecord *appointment)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_TIME_ROW (self), FALSE);
  g_return_val_if_fail (LOKET_IS_RECORD (appointment), FALSE);
  g_return_val_if_fail (column < self->cells->len, FALSE);

  if (g_ptr_array_index (self->cells, column) != NULL)
    return FALSE;
  g_ptr_array_index (self->cells, column) = g_object_ref (appointment);
  return TRUE;
}

gboolean
loket_agenda_time_row_equal (LoketAgendaTimeRow *a, LoketAgendaTimeRow *b)
{
  g_return_val_if_fail (LOKET_IS_AGENDA_TIME_ROW (a) && LOKET_IS_AGENDA_TIME_ROW (b), FALSE);

  if (a->start != b->start || a->first != b->first || a->cells->len != b->cells->len)
    return FALSE;
  for (guint i = 0; i < a->cells->len; i++)
    {
      LoketRecord *x = g_ptr_array_index (a->cells, i);
      LoketRecord *y = g_ptr_array_index (b->cells, i);

      if (x == y)
        continue;
      if (x == NULL || y == NULL ||
          !json_object_equal (loket_record_get_columns (x), loket_record_get_columns (y)))
        return FALSE;
    }
  return TRUE;
}
