#!/usr/bin/python3
"""Writes the course notebooks (sources only) in Spanish and English from one definition, so the two languages
cannot drift apart: same cells, same code, same order. Run it after editing, then run the notebooks to fill in their
outputs (scripts/run-notebooks). Uses Debian's python3-nbformat."""
import os

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))
KERNEL = {"name": "cuaderno", "display_name": "Java (Cuaderno)", "language": "java"}


def md(es, en):
    return ("md", es, en)


def code(source, en=None):
    """A code cell; `en` only where the English notebook needs other comments or printed words."""
    return ("code", source, en if en is not None else source)


def write(cells, language, path):
    nb_cells = []
    for kind, es, en in cells:
        text = (es if language == "es" else en).strip("\n")
        nb_cells.append(new_markdown_cell(text) if kind == "md" else new_code_cell(text))
    nb = new_notebook(cells=nb_cells, metadata={
        "kernelspec": KERNEL,
        "language_info": {"name": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source"}})
    nbformat.write(nb, os.path.join(HERE, path))


# ------------------------------------------------------------------------------------------------------------------
# Seed 004: input normalisation (Spanish original; Keras on fetch_openml's MNIST)
# ------------------------------------------------------------------------------------------------------------------

SEED_004 = [
    md("""
# Normalización de la entrada

**Ejercicio:** repetir el ejercicio visto en clase, pero *sin normalizar la entrada*, y explorar qué pasa.
Después, probar otras combinaciones de capas y funciones de activación.

Versión en Java del cuaderno original (Keras sobre TensorFlow): mismos experimentos, mismos hiperparámetros, mismo
orden. Al final hay una sección extra que en Java sale casi gratis: una tabla con todos los resultados, las curvas
de entrenamiento y una matriz de confusión.

> Modo rápido: con `CUADERNO_QUICK=1` el cuaderno usa la muestra de 1,000 + 1,000 dígitos que viene con Cuaderno y
> menos épocas, para comprobar en minutos que todo corre. Los números de abajo son de una corrida completa.
""", """
# Input normalisation

**Exercise:** repeat the exercise seen in class, but *without normalising the input*, and explore what happens.
Then try other combinations of layers and activation functions.

The Java version of the original notebook (Keras on TensorFlow): the same experiments, hyper-parameters and order.
At the end there is an extra section that Java gives almost for free: one table with every result, the training
curves and a confusion matrix.

> Quick mode: with `CUADERNO_QUICK=1` the notebook uses the 1,000 + 1,000 digit sample that ships with Cuaderno and
> fewer epochs, to check in minutes that everything runs. The figures below come from a full run.
"""),
    md("""
## Los datos

El original usa `fetch_openml('mnist_784')`: 70,000 dígitos de 28 × 28 como filas de 784 números *float* entre 0 y
255. Los primeros 60,000 son el archivo de entrenamiento de MNIST y los últimos 10,000 el de prueba, así que
`mnist.train()` y `mnist.test()` son exactamente `X[:60000]` y `X[60000:]`. `pixels()` da los valores crudos,
0..255, sin normalizar: eso pide el ejercicio.
""", """
## The data

The original uses `fetch_openml('mnist_784')`: 70,000 digits of 28 × 28 as rows of 784 *float* values between 0 and
255. The first 60,000 are MNIST's training file and the last 10,000 its test file, so `mnist.train()` and
`mnist.test()` are exactly `X[:60000]` and `X[60000:]`. `pixels()` gives the raw values, 0..255, not normalised: that
is what the exercise asks for.
"""),
    code("""
Mnist mnist = quick() ? Mnist.sample() : Mnist.load();
Digits train = mnist.train();
Digits test = mnist.test();

// EJERCICIO: sin normalizar (en Python: se quita la línea X = normalize(X))
INDArray X_train = train.pixels();
INDArray X_test = test.pixels();
INDArray y_train = train.labels();
INDArray y_test = test.labels();
mnist
""", """
Mnist mnist = quick() ? Mnist.sample() : Mnist.load();
Digits train = mnist.train();
Digits test = mnist.test();

// EXERCISE: no normalisation (in Python: the line X = normalize(X) is removed)
INDArray X_train = train.pixels();
INDArray X_test = test.pixels();
INDArray y_train = train.labels();
INDArray y_test = test.labels();
mnist
"""),
    md("""
Las primeras cinco imágenes, lado a lado, con su etiqueta como título (`plt.imshow` usa el mapa de color *viridis*
si no se le dice otro):
""", """
The first five images side by side, each titled with its label (`plt.imshow` uses the *viridis* colour map unless
told otherwise):
"""),
    code("""
Plot.images(X_train, 1, 5).titles(i -> String.valueOf(train.label(i)))
"""),
    code("""
System.out.println("X_train " + Arrays.toString(X_train.shape()) + " " + X_train.dataType()
        + ", valores de " + X_train.minNumber() + " a " + X_train.maxNumber());
System.out.println("X_test  " + Arrays.toString(X_test.shape()));
""", """
System.out.println("X_train " + Arrays.toString(X_train.shape()) + " " + X_train.dataType()
        + ", values from " + X_train.minNumber() + " to " + X_train.maxNumber());
System.out.println("X_test  " + Arrays.toString(X_test.shape()));
"""),
    md("""
Los arreglos de ND4J ya son `float32`, como los `tf.constant(..., dtype=tf.float32)` del original, así que no hace
falta convertirlos.

### Modelo multicapa

784 entradas, una capa oculta de 100 neuronas ReLU y una salida softmax de 10 clases. `summary()` cuenta los
parámetros como Keras: 784 × 100 + 100 = 78,500 y 100 × 10 + 10 = 1,010.
""", """
ND4J arrays are already `float32`, like the original's `tf.constant(..., dtype=tf.float32)`, so there is nothing to
convert.

### Multi-layer model

784 inputs, one hidden layer of 100 ReLU units and a softmax output over 10 classes. `summary()` counts parameters as
Keras does: 784 × 100 + 100 = 78,500 and 100 × 10 + 10 = 1,010.
"""),
    code("""
int epochs = quick() ? 2 : 10;

Sequential modelo = new Sequential(
        new Dense(100, "relu").inputDim(784),
        new Dense(10, "softmax"));
modelo.summary();
"""),
    code("""
modelo.compile(Optimizer.sgd(), "sparse_categorical_crossentropy", "accuracy");
History h1 = modelo.fit(X_train, y_train, Fit.epochs(epochs));
h1
"""),
    code("""
double[] r1 = modelo.evaluate(X_test, y_test);
r1
"""),
    code("""
modelo.predict(test.first(1).pixels())
"""),
    code("""
INDArray salida = modelo.predict(test.first(1).pixels());
salida.argMax().getInt(0)
"""),
    code("""
test.label(0)
"""),
    md("""
**¿Qué ocurre?** La pérdida y la exactitud no convergen: la exactitud se queda muy por debajo de lo que logra la misma
red con la entrada normalizada, y sube y baja de una época a otra.

**¿Por qué?** Con píxeles de 0 a 255, cada neurona de la primera capa suma cientos de entradas grandes: sus salidas y
sus gradientes son enormes. Con la tasa de aprendizaje de SGD (0.01) cada paso mueve los pesos demasiado, la red salta
de un lado a otro en lugar de bajar por la función de pérdida, y muchas ReLU quedan "muertas" (siempre en cero). Qué
tan mal termina depende del azar (los pesos iniciales y el orden de los lotes): el original llegó a 0.18 en prueba;
otra corrida puede quedarse en otro valor bajo, pero no converge.
""", """
**What happens?** Loss and accuracy do not converge: accuracy stays far below what the same network reaches with
normalised input, and it goes up and down from one epoch to the next.

**Why?** With pixels from 0 to 255, each unit of the first layer sums hundreds of large inputs: its outputs and
gradients are huge. With SGD's learning rate (0.01) every step moves the weights too far, the network jumps around
instead of going down the loss, and many ReLUs end up "dead" (always zero). How badly it ends depends on chance (the
initial weights and the batch order): the original reached 0.18 on the test set; another run may stop at another
low value, but it does not converge.
"""),
    md("""
## Otras combinaciones de capas y funciones de activación

### Sin función de activación en la capa 1
""", """
## Other combinations of layers and activation functions

### No activation function in layer 1
"""),
    code("""
modelo = new Sequential(
        new Dense(100).inputDim(784),
        new Dense(10, "softmax"));
modelo.summary();
"""),
    code("""
modelo.compile(Optimizer.sgd(), "sparse_categorical_crossentropy", "accuracy");
History h2 = modelo.fit(X_train, y_train, Fit.epochs(epochs));
h2
"""),
    code("""
double[] r2 = modelo.evaluate(X_test, y_test);
r2
"""),
    md("""
**¿Qué ocurre?** La pérdida se vuelve NaN (*not a number*). Keras sigue entrenando y muestra `loss: nan` en todas las
épocas; Cuaderno se detiene en el primer NaN y lo dice, porque después de eso los pesos ya no sirven.

**¿Por qué?** Sin la ReLU nada recorta los valores: la capa lineal pasa sumas enormes a la softmax, los gradientes
crecen en cada paso hasta desbordar el rango de los `float` (infinito) y de ahí salen NaN. Con pesos NaN la red
responde siempre lo mismo, y la exactitud en prueba queda en la de adivinar (alrededor de 0.1).
""", """
**What happens?** The loss becomes NaN (*not a number*). Keras keeps training and shows `loss: nan` in every epoch;
Cuaderno stops at the first NaN and says so, because from then on the weights are useless.

**Why?** Without the ReLU nothing clips the values: the linear layer passes huge sums to the softmax, gradients grow
at each step until they overflow the range of `float` (infinity), and NaN follows. With NaN weights the network always
gives the same answer, and test accuracy is that of guessing (about 0.1).
"""),
    md("""
### Volver a preparar los datos, ahora normalizados

`normalized()` divide cada fila entre su longitud euclidiana, como `sklearn.preprocessing.normalize(X)`: cada imagen
queda como un vector de longitud 1, con valores entre 0 y 1.
""", """
### Prepare the data again, now normalised

`normalized()` divides each row by its Euclidean length, like `sklearn.preprocessing.normalize(X)`: each image
becomes a vector of length 1, with values between 0 and 1.
"""),
    code("""
X_train = train.normalized();
X_test = test.normalized();
X_train.getRow(0).norm2Number()
"""),
    code("""
modelo = new Sequential(
        new Dense(100).inputDim(784),
        new Dense(10, "softmax"));
modelo.summary();
"""),
    code("""
modelo.compile(Optimizer.sgd(), "sparse_categorical_crossentropy", "accuracy");
History h3 = modelo.fit(X_train, y_train, Fit.epochs(epochs));
h3
"""),
    code("""
double[] r3 = modelo.evaluate(X_test, y_test);
r3
"""),
    md("""
**¿Qué ocurre?** Ahora la pérdida baja en cada época y la exactitud converge (cerca de 0.89 al final del entrenamiento
en el original), casi tan rápido como si la capa 1 tuviera ReLU.
""", """
**What happens?** Now the loss goes down every epoch and accuracy converges (about 0.89 at the end of training in the
original), almost as fast as if layer 1 had a ReLU.
"""),
    md("""
### Una función de activación antes de la softmax

Una ReLU explícita entre la última capa densa y la softmax (en Keras, `tf.keras.activations.relu` y luego
`Activation("softmax")`). Las capas `Activation` no tienen parámetros: el total sigue siendo 79,510.
""", """
### An activation function before the softmax

An explicit ReLU between the last dense layer and the softmax (in Keras, `tf.keras.activations.relu` then
`Activation("softmax")`). `Activation` layers have no parameters: the total is still 79,510.
"""),
    code("""
modelo = new Sequential(
        new Dense(100, "relu").inputDim(784),
        new Dense(10),
        new Activation("relu"),
        new Activation("softmax"));
modelo.summary();
"""),
    code("""
modelo.compile(Optimizer.sgd(), "sparse_categorical_crossentropy", "accuracy");
History h4 = modelo.fit(X_train, y_train, Fit.epochs(epochs));
h4
"""),
    code("""
double[] r4 = modelo.evaluate(X_test, y_test);
r4
"""),
    md("""
**¿Qué ocurre?** En el original no hubo cambios importantes (0.886 al final, casi lo mismo que sin la ReLU). En esta
corrida la exactitud se queda bastante más abajo. La matriz de confusión de este modelo muestra por qué: hay columnas
vacías, dígitos que la red ya no responde nunca.

**¿Por qué?** Una ReLU sobre las 10 salidas puede "morir": si la salida de una clase queda negativa para todas las
imágenes, la ReLU da 0 y su gradiente también es 0, así que esa clase deja de aprender para siempre y la softmax
nunca la elige. Que le pase a ninguna, a una o a varias clases depende del azar (los pesos iniciales y el orden de
los lotes), por eso dos corridas de la misma red pueden terminar tan distintas. Es la razón por la que no se pone
una ReLU antes de la softmax.
""", """
**What happens?** In the original there was no significant change (0.886 at the end, about the same as without the
ReLU). In this run accuracy stays well below that. This model's confusion matrix shows why: there are empty columns,
digits the network never answers any more.

**Why?** A ReLU on the 10 outputs can "die": if a class's output becomes negative for every image, the ReLU gives 0
and its gradient is 0 too, so that class stops learning for good and the softmax never picks it. Whether that
happens to no class, one or several depends on chance (the initial weights and the batch order), which is why two
runs of the same network can end so differently. It is the reason not to put a ReLU before the softmax.
"""),
    code("""
modelo.confusionMatrix(X_test, y_test)
"""),
    md("""
### Más capas y otras funciones de activación

100 sigmoides, 50 ReLU, 50 tanh y la softmax: 78,500 + 5,050 + 2,550 + 510 = 86,610 parámetros.
""", """
### More layers and other activation functions

100 sigmoids, 50 ReLUs, 50 tanh units and the softmax: 78,500 + 5,050 + 2,550 + 510 = 86,610 parameters.
"""),
    code("""
modelo = new Sequential(
        new Dense(100, "sigmoid").inputDim(784),
        new Dense(50, "relu"),
        new Dense(50, "tanh"),
        new Dense(10, "softmax"));
modelo.summary();
"""),
    code("""
modelo.compile(Optimizer.sgd(), "sparse_categorical_crossentropy", "accuracy");
History h5 = modelo.fit(X_train, y_train, Fit.epochs(epochs));
h5
"""),
    code("""
double[] r5 = modelo.evaluate(X_test, y_test);
r5
"""),
    md("""
**¿Qué ocurre?** Tarda más en converger y empieza desde una exactitud muy baja, comparado con el modelo de dos capas
(ReLU y softmax).

**¿Por qué?** La sigmoide de la primera capa se satura (su derivada es a lo más 0.25) y cada capa extra multiplica los
gradientes por otro factor pequeño: con SGD y una tasa de 0.01 las primeras capas aprenden despacio al principio.
Más capas no es más exactitud si el optimizador no alcanza a entrenarlas.
""", """
**What happens?** It takes longer to converge and starts from a very low accuracy, compared with the two-layer model
(ReLU and softmax).

**Why?** The first layer's sigmoid saturates (its derivative is at most 0.25) and each extra layer multiplies the
gradients by another small factor: with SGD at a rate of 0.01 the first layers learn slowly at first. More layers is
not more accuracy if the optimiser cannot train them.
"""),
    md("""
## Extra: todo junto

Lo que en Python pediría pandas y matplotlib a mano: los cinco experimentos en una tabla, las curvas del último modelo
y su matriz de confusión sobre los 10,000 dígitos de prueba (filas: el dígito verdadero; columnas: lo que respondió la
red).
""", """
## Extra: all together

What Python would need pandas and matplotlib for: the five experiments in one table, the last model's curves, and its
confusion matrix on the 10,000 test digits (rows: the true digit; columns: the network's answer).
"""),
    code("""
List<History> historias = List.of(h1, h2, h3, h4, h5);
List<double[]> pruebas = List.of(r1, r2, r3, r4, r5);
Table.create("experimentos",
        StringColumn.create("modelo", "relu, sin normalizar", "lineal, sin normalizar", "lineal, normalizada",
                "relu + relu antes de softmax", "sigmoid/relu/tanh"),
        IntColumn.create("épocas", historias.stream().mapToInt(h -> h.epochs().size()).toArray()),
        DoubleColumn.create("pérdida final", historias.stream().mapToDouble(h -> h.loss()[h.loss().length - 1]).toArray()),
        DoubleColumn.create("exactitud final", historias.stream().mapToDouble(h -> h.accuracy()[h.accuracy().length - 1]).toArray()),
        DoubleColumn.create("exactitud en prueba", pruebas.stream().mapToDouble(r -> r[1]).toArray()))
""", """
List<History> historias = List.of(h1, h2, h3, h4, h5);
List<double[]> pruebas = List.of(r1, r2, r3, r4, r5);
Table.create("experiments",
        StringColumn.create("model", "relu, not normalised", "linear, not normalised", "linear, normalised",
                "relu + relu before softmax", "sigmoid/relu/tanh"),
        IntColumn.create("epochs", historias.stream().mapToInt(h -> h.epochs().size()).toArray()),
        DoubleColumn.create("final loss", historias.stream().mapToDouble(h -> h.loss()[h.loss().length - 1]).toArray()),
        DoubleColumn.create("final accuracy", historias.stream().mapToDouble(h -> h.accuracy()[h.accuracy().length - 1]).toArray()),
        DoubleColumn.create("test accuracy", pruebas.stream().mapToDouble(r -> r[1]).toArray()))
"""),
    code("""
h5.plot()
"""),
    code("""
modelo.confusionMatrix(X_test, y_test)
"""),
]

# ------------------------------------------------------------------------------------------------------------------
# Seed 001: optimisers (Spanish original; gradient descent by hand, then Keras on MNIST)
# ------------------------------------------------------------------------------------------------------------------

SEED_001 = [
    md("""
# Optimizadores

**Objetivo:** conocer los distintos optimizadores para entrenar redes neuronales.

- El descenso por gradiente estocástico (SGD) minimiza una función objetivo respecto a unos parámetros. Es iterativo:
  en cada paso mueve los parámetros en contra del gradiente, tanto como diga la *tasa de aprendizaje* (learning rate).
- Una variante eficaz de SGD es Adam (*Adaptive Moment Estimation*); también se usan RMSProp, Adadelta y Adagrad.

Versión en Java del cuaderno original (TensorFlow 2 / Keras). Al final, una sección extra con una tabla de resultados
y una matriz de confusión.

> Modo rápido: con `CUADERNO_QUICK=1` se usa la muestra de 1,000 + 1,000 dígitos incluida y 2 épocas en lugar de 70.
""", """
# Optimisers

**Goal:** get to know the different optimisers used to train neural networks.

- Stochastic gradient descent (SGD) minimises an objective function with respect to some parameters. It is
  iterative: each step moves the parameters against the gradient, as far as the *learning rate* says.
- An effective variant of SGD is Adam (*Adaptive Moment Estimation*); RMSProp, Adadelta and Adagrad are also used.

The Java version of the original notebook (TensorFlow 2 / Keras). At the end, an extra section with a results table
and a confusion matrix.

> Quick mode: with `CUADERNO_QUICK=1` the notebook uses the included 1,000 + 1,000 digit sample and 2 epochs
> instead of 70.
"""),
    md("""
## Descenso por gradiente a mano

Se itera hacia el mínimo de una función siguiendo la dirección contraria al gradiente. La función:
$J(x) = x \\sin(x^2)$.
""", """
## Gradient descent by hand

We iterate towards the minimum of a function, against the direction of the gradient. The function:
$J(x) = x \\sin(x^2)$.
"""),
    code("""
double fn(double x) {
    return x * Math.sin(x * x);
}

Plot.function(x -> fn(x), -5, 5).xLim(-2.5, 2.5).yLim(-3, 3)
"""),
    md("""
- Número de iteraciones: 10, tasa de aprendizaje: 0.01.
- La posición inicial es `ini`. La derivada es $J'(x) = \\sin(x^2) + 2x^2\\cos(x^2)$.
""", """
- Number of iterations: 10, learning rate: 0.01.
- The starting position is `ini`. The derivative is $J'(x) = \\sin(x^2) + 2x^2\\cos(x^2)$.
"""),
    code("""
double dif(double x) { // derivada de la función
    return Math.sin(x * x) + 2 * x * x * Math.cos(x * x);
}
""", """
double dif(double x) { // the function's derivative
    return Math.sin(x * x) + 2 * x * x * Math.cos(x * x);
}
"""),
    code("""
double[] history(double ini, double lr, int it) {
    double[] history = new double[it + 1];
    history[0] = ini;
    double x = ini;
    for (int i = 1; i <= it; i++) { // it iteraciones
        x = x - lr * dif(x);
        history[i] = x;
    }
    return history;
}

// la función y el camino del descenso, en rojo, con los ejes del original
Figure descenso(double[] h) {
    return Plot.function(x -> fn(x), -5, 5).xLim(-2.5, 2.5).yLim(-3, 3)
            .path(null, h, Arrays.stream(h).map(x -> fn(x)).toArray()).color("red")
            .title(String.format(Locale.ROOT, "ini = %s, %d iteraciones: x = %.4f, J(x) = %.4f",
                    h[0], h.length - 1, h[h.length - 1], fn(h[h.length - 1])));
}
""", """
double[] history(double ini, double lr, int it) {
    double[] history = new double[it + 1];
    history[0] = ini;
    double x = ini;
    for (int i = 1; i <= it; i++) { // it iterations
        x = x - lr * dif(x);
        history[i] = x;
    }
    return history;
}

// the function and the descent's path, in red, on the original's axes
Figure descenso(double[] h) {
    return Plot.function(x -> fn(x), -5, 5).xLim(-2.5, 2.5).yLim(-3, 3)
            .path(null, h, Arrays.stream(h).map(x -> fn(x)).toArray()).color("red")
            .title(String.format(Locale.ROOT, "ini = %s, %d iterations: x = %.4f, J(x) = %.4f",
                    h[0], h.length - 1, h[h.length - 1], fn(h[h.length - 1])));
}
"""),
    code("""
double[] h = history(1.5, 0.01, 10);
descenso(h)
"""),
    md("- Con 100 iteraciones", "- With 100 iterations"),
    code("""
h = history(1.5, 0.01, 100);
descenso(h)
"""),
    md("- Una tasa de aprendizaje baja puede necesitar más iteraciones",
       "- A low learning rate may need more iterations"),
    code("""
h = history(1.5, 0.001, 100); // 100 iteraciones
descenso(h)
""", """
h = history(1.5, 0.001, 100); // 100 iterations
descenso(h)
"""),
    md("- Otro punto de inicio", "- Another starting point"),
    code("""
h = history(-2, 0.01, 100); // 100 iteraciones
descenso(h)
""", """
h = history(-2, 0.01, 100); // 100 iterations
descenso(h)
"""),
    md("- Más iteraciones", "- More iterations"),
    code("""
h = history(-2, 0.01, 1000); // 1000 iteraciones
descenso(h)
""", """
h = history(-2, 0.01, 1000); // 1000 iterations
descenso(h)
"""),
    md("""
- Desde −2 el descenso cae en el mínimo local cercano (x ≈ −1.36) y ahí se queda, por más iteraciones que se le den:
  no puede encontrar el mínimo global (x ≈ 2.19). Por eso existen variantes del algoritmo, con impulso y tasas que se
  adaptan.
""", """
- From −2 the descent falls into the nearby local minimum (x ≈ −1.36) and stays there, however many iterations it
  gets: it cannot find the global minimum (x ≈ 2.19). That is why variants of the algorithm exist, with momentum and
  rates that adapt.
"""),
    md("""
## Optimizadores en una red neuronal

Se clasifican imágenes: los píxeles son la entrada de la red y, al terminar el entrenamiento, la red habrá aprendido
a reconocer dígitos. `mnist.train().images()` da lo mismo que `keras.datasets.mnist.load_data()`: arreglos de
(n, 28, 28) con valores 0..255.
""", """
## Optimisers in a neural network

We classify images: the pixels are the network's input and, once trained, the network will have learnt to recognise
digits. `mnist.train().images()` gives the same as `keras.datasets.mnist.load_data()`: arrays of (n, 28, 28) with
values 0..255.
"""),
    code("""
Mnist mnist = quick() ? Mnist.sample() : Mnist.load();

INDArray x_train = mnist.train().images();
INDArray y_train = mnist.train().labels();
INDArray x_test = mnist.test().images();
INDArray y_test = mnist.test().labels();

System.out.println(Arrays.toString(x_train.shape()));
System.out.println(Arrays.toString(y_train.shape()));
System.out.println(Arrays.toString(x_test.shape()));
System.out.println(Arrays.toString(y_test.shape()));
"""),
    md("### El conjunto de datos: el primer ejemplo de cada dígito", "### The dataset: the first example of each digit"),
    code("""
List<int[][]> primeros = new ArrayList<>();
for (int digito = 0; digito < 10; digito++) {
    int i = 0;
    while (mnist.train().label(i) != digito) {
        i++;
    }
    primeros.add(mnist.train().image(i));
}
Plot.images(primeros, 2, 5).cmap("Greys")
"""),
    md("- Se cambia la forma de los datos de 2-d (n, 28, 28) a 1-d (n, 784)",
       "- The data changes shape from 2-d (n, 28, 28) to 1-d (n, 784)"),
    code("""
x_train = x_train.reshape(x_train.size(0), 784);
x_test = x_test.reshape(x_test.size(0), 784);

System.out.println(Arrays.toString(x_train.shape())); // (60000, 784)
System.out.println(Arrays.toString(y_train.shape())); // (60000,)
System.out.println(Arrays.toString(x_test.shape()));  // (10000, 784)
System.out.println(Arrays.toString(y_test.shape()));  // (10000,)
"""),
    md("""
Los mismos hiperparámetros que el original: 70 épocas, lotes de 50 y el 30 % final de los datos de entrenamiento
para validación (`validationSplit(0.3)` toma la *última* fracción, como Keras). Los píxeles van sin normalizar,
0..255, también como en el original.
""", """
The original's hyper-parameters: 70 epochs, batches of 50, and the last 30 % of the training data for validation
(`validationSplit(0.3)` takes the *last* fraction, as Keras does). Pixels are not normalised, 0..255, as in the
original too.
"""),
    code("""
int epoch = quick() ? 2 : 70;
int batch = 50;
"""),
    md("""
### Adam

La misma red para los tres optimizadores: tres capas ocultas de 40 ReLU y una salida softmax (35,090 parámetros).
El original define `make_model()` tres veces, una por optimizador; aquí el optimizador es el argumento.
""", """
### Adam

The same network for the three optimisers: three hidden layers of 40 ReLUs and a softmax output (35,090
parameters). The original defines `make_model()` three times, once per optimiser; here the optimiser is the
argument.
"""),
    code("""
Sequential makeModel(Optimizer optimizer) {
    Sequential model = new Sequential(
            new Dense(40, "relu").inputDim(784),
            new Dense(40, "relu"),
            new Dense(40, "relu"),
            new Dense(10, "softmax"));
    model.compile(optimizer, "sparse_categorical_crossentropy", "accuracy");
    return model;
}
"""),
    code("""
Sequential model1 = makeModel(Optimizer.adam());
model1.summary();
"""),
    code("""
History history1 = model1.fit(x_train, y_train, Fit.epochs(epoch).batchSize(batch).validationSplit(0.3));
"""),
    code("""
double[] test1 = model1.evaluate(x_test, y_test);
System.out.printf(Locale.ROOT, "%nTest accuracy: %.4f%n", test1[1]);
"""),
    md("### SGD", "### SGD"),
    code("""
Sequential model2 = makeModel(Optimizer.sgd());
model2.summary();
"""),
    code("""
History history2 = model2.fit(x_train, y_train, Fit.epochs(epoch).batchSize(batch).validationSplit(0.3));
"""),
    code("""
double[] test2 = model2.evaluate(x_test, y_test);
System.out.printf(Locale.ROOT, "%nTest accuracy: %.4f%n", test2[1]);
"""),
    md("### Adagrad", "### Adagrad"),
    code("""
Sequential model3 = makeModel(Optimizer.adagrad());
model3.summary();
"""),
    code("""
History history3 = model3.fit(x_train, y_train, Fit.epochs(epoch).batchSize(batch).validationSplit(0.3));
"""),
    code("""
double[] test3 = model3.evaluate(x_test, y_test);
System.out.printf(Locale.ROOT, "%nTest accuracy: %.4f%n", test3[1]);
"""),
    md("""
### Exactitud por época

Entrenamiento (línea continua) y validación (punteada) de los tres optimizadores. El original las llama *Train* y
*Test*; la "prueba" de esas curvas es el 30 % de validación.
""", """
### Accuracy per epoch

Training (solid) and validation (dashed) for the three optimisers. The original calls them *Train* and *Test*; the
"test" in those curves is the 30 % validation split.
"""),
    code("""
Plot.figure("accuracy").size(700, 630).yLabel("accuracy").xLabel("epoch")
    .line("Train Adam", history1.accuracy()).line("Test Adam", history1.valAccuracy()).dashed()
    .line("Train SGD", history2.accuracy()).line("Test SGD", history2.valAccuracy()).dashed()
    .line("Train Adagrad", history3.accuracy()).line("Test Adagrad", history3.valAccuracy()).dashed()
"""),
    md("""
**Resultados.** Adam llega a una exactitud alta en pocas épocas aun con los píxeles sin normalizar, porque adapta el
paso de cada peso a la escala de sus gradientes. SGD con tasa 0.01 no aprende: con entradas de hasta 255 sus primeros
pasos son enormes, las ReLU se apagan y la red responde siempre la misma clase (la exactitud de prueba queda en
≈ 0.11, la proporción del dígito 1 en la prueba) o la pérdida se vuelve NaN. Adagrad aprende, pero más despacio:
sus pasos se achican a medida que acumula gradientes.

**Ejercicio:** probar otros parámetros y optimizadores (`Optimizer.rmsprop()`, `Optimizer.adadelta()`,
`Optimizer.sgd(0.001)`, o normalizar con `mnist.train().scaled()`) para obtener mejores resultados en menos tiempo.
""", """
**Results.** Adam reaches a high accuracy in a few epochs even with unnormalised pixels, because it adapts each
weight's step to the scale of its gradients. SGD at rate 0.01 does not learn: with inputs up to 255 its first steps
are huge, the ReLUs switch off and the network always answers the same class (test accuracy stays at ≈ 0.11, the
share of the digit 1 in the test set) or the loss becomes NaN. Adagrad learns, but more slowly: its steps shrink as
it accumulates gradients.

**Exercise:** try other parameters and optimisers (`Optimizer.rmsprop()`, `Optimizer.adadelta()`,
`Optimizer.sgd(0.001)`, or normalise with `mnist.train().scaled()`) to get better results in less time.
"""),
    md("""
## Extra: resultados en una tabla y dónde se equivoca Adam

La tabla resume los tres entrenamientos; la matriz de confusión muestra, para el modelo de Adam, qué dígitos confunde
con cuáles en los 10,000 de prueba.
""", """
## Extra: the results in a table, and where Adam goes wrong

The table sums up the three trainings; the confusion matrix shows, for the Adam model, which digits it mistakes for
which among the 10,000 test digits.
"""),
    code("""
List<History> historias = List.of(history1, history2, history3);
Table.create("optimizadores",
        StringColumn.create("optimizador", "Adam", "SGD", "Adagrad"),
        IntColumn.create("épocas", historias.stream().mapToInt(h -> h.epochs().size()).toArray()),
        DoubleColumn.create("exactitud (entrenamiento)", historias.stream().mapToDouble(h -> h.accuracy()[h.accuracy().length - 1]).toArray()),
        DoubleColumn.create("exactitud (validación)", historias.stream().mapToDouble(h -> h.valAccuracy()[h.valAccuracy().length - 1]).toArray()),
        DoubleColumn.create("exactitud (prueba)", test1[1], test2[1], test3[1]))
""", """
List<History> historias = List.of(history1, history2, history3);
Table.create("optimisers",
        StringColumn.create("optimiser", "Adam", "SGD", "Adagrad"),
        IntColumn.create("epochs", historias.stream().mapToInt(h -> h.epochs().size()).toArray()),
        DoubleColumn.create("accuracy (train)", historias.stream().mapToDouble(h -> h.accuracy()[h.accuracy().length - 1]).toArray()),
        DoubleColumn.create("accuracy (validation)", historias.stream().mapToDouble(h -> h.valAccuracy()[h.valAccuracy().length - 1]).toArray()),
        DoubleColumn.create("accuracy (test)", test1[1], test2[1], test3[1]))
"""),
    code("""
model1.confusionMatrix(x_test, y_test)
"""),
]

NOTEBOOKS = [
    (SEED_004, "es/004_normalizacion.ipynb", "en/004_normalisation.ipynb"),
    (SEED_001, "es/001_optimizadores.ipynb", "en/001_optimisers.ipynb"),
]


def main():
    for cells, es_path, en_path in NOTEBOOKS:
        write(cells, "es", es_path)
        write(cells, "en", en_path)
        print("wrote", es_path, en_path)


if __name__ == "__main__":
    main()
