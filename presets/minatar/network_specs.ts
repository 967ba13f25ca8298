/** The size hyperparameters every minatar preset's network reads (the MinAtar paper's: 16 filters, 128 units). */
import { count, hidden } from '../specs';

/** `filters`, `hidden`: the convolution's filters and the dense layer's width. */
export function minatarNetwork(filters = 16, width = 128) {
  return {
    filters: count(filters, 'filters of the 3x3 convolution'),
    ...hidden(width, 'width of the dense layer after the convolution'),
  };
}
